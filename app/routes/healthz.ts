// Liveness: the process is up and serving. Deliberately touches nothing else.
export async function loader() {
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}
