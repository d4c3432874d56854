// OpenCV parity (4.6): imdecode of every format and flag, cvtColor, resize (8-bit results exact, float within 1e-6
// relative), normalize, copyMakeBorder, split, dnn.blobFromImage(s) (float blobs within 1e-6 relative).
import { defineCases } from "./runner.ts";

defineCases("OpenCV parity with OpenCV 4.6", (c) => c.id.startsWith("cv2."));
