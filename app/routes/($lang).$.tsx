// Any path no other route claims: a 404, rendered by the root error boundary in the page layout.
export async function loader() {
  throw new Response("Not Found", { status: 404 });
}

export default function NotFound() {
  return null;
}
