// Any path no other route claims: a 404, rendered by the root error boundary in the page layout.
import type { PageHandle } from "~/utils/page-handle";

export const handle: PageHandle = { shared: true };

export async function loader() {
  throw new Response("Not Found", { status: 404 });
}

export default function NotFound() {
  return null;
}
