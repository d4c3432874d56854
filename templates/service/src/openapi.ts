// Prints the OpenAPI document the routes declare, exactly what GET /openapi.json serves: `npm run build` writes it to
// openapi.json. The model is not loaded (the document does not depend on it).
import { buildApp } from "./app.ts";

const { app } = buildApp({ modelPath: "" });
await app.ready();
process.stdout.write(JSON.stringify(app.swagger(), null, 2) + "\n");
await app.close();
