// Seeds the viewer and disabled accounts; checks the env's admin exists.
import { adminExists, DISABLED, upsertUser, VIEWER, ADMIN } from "./users";

export default async function globalSetup(): Promise<void> {
  if (!(await adminExists())) {
    throw new Error(`The test admin ${ADMIN.email} does not exist: run \`npm run test:prepare\` (it runs \`npm run admin -- ensure\` with the test env).`);
  }
  await upsertUser(VIEWER.email, VIEWER.password, "VIEWER");
  await upsertUser(DISABLED.email, DISABLED.password, "VIEWER", true);
}
