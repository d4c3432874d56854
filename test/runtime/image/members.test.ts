// The image members translation accepts (src/pylib/pil.ts) are exactly those the runtime's image has: a member
// listed but missing would fail only when a request runs it, one present but unlisted would be refused for nothing.
import { describe, expect, it } from "vitest";
import { PILLOW_IMAGE_MEMBERS, RUNTIME_IMAGE_MEMBERS } from "../../../src/pylib/pil.ts";
import { new_ } from "../../../src/runtime/image/pil.ts";
import { METHOD_NOT_FOUND } from "../../../src/runtime/pystr.ts";

/** Whether the runtime's image answers `name` as an attribute or a method (a call with wrong arguments still does). */
function has(name: string): boolean {
  const img = new_("RGB", [4, 3]);
  if (img.pyAttr(name) !== METHOD_NOT_FOUND) return true;
  try {
    return img.pyMethod(name, [], {}) !== METHOD_NOT_FOUND;
  } catch {
    return true;
  }
}

describe("PIL image members", () => {
  it("translation accepts exactly the members the runtime's image has, among Pillow's", () => {
    // save and show raise NotImplementedError in the runtime, and translation refuses them with their own reason
    const present = [...PILLOW_IMAGE_MEMBERS].filter((m) => m !== "save" && m !== "show" && has(m)).sort();
    expect(present).toEqual([...RUNTIME_IMAGE_MEMBERS].sort());
  });

  it("lists only Pillow's members as the runtime's", () => {
    expect([...RUNTIME_IMAGE_MEMBERS].filter((m) => !PILLOW_IMAGE_MEMBERS.has(m))).toEqual([]);
  });
});
