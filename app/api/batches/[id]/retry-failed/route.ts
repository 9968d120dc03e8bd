// The same action as ../retry, under the name the console's Batches screen calls.
export const dynamic = "force-dynamic";
export { POST } from "../retry/route";
