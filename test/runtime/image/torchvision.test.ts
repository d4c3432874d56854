// torchvision.transforms parity (0.14): transforms and their functional forms on PIL images (exact pixels, floats
// within 1e-6 relative) and on tensors (PyTorch's float32 interpolation).
import { defineCases } from "./runner.ts";

defineCases("torchvision parity with torchvision 0.14", (c) => /^(tvF?|tvio|interp)\//.test(c.id));
