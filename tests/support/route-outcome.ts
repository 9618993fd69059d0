// What a Remix loader or action answered, whether it returned or threw, for route tests.
export type Outcome = { status: number; location: string | null; data: unknown; response: Response | null };

export async function outcome(promise: Promise<unknown>): Promise<Outcome> {
  let result: unknown;
  try {
    result = await promise;
  } catch (thrown) {
    result = thrown;
  }
  if (result instanceof Response) {
    return { status: result.status, location: result.headers.get("location"), data: null, response: result };
  }
  const withInit = result as { init?: { status?: number }; data?: unknown; type?: string };
  if (withInit?.type === "DataWithResponseInit") {
    return { status: withInit.init?.status ?? 200, location: null, data: withInit.data, response: null };
  }
  return { status: 200, location: null, data: result, response: null };
}
