import { register } from "@shopify/web-pixels-extension";
import { tandemPixel } from "./pixel";

register((api) => tandemPixel(api as unknown as Parameters<typeof tandemPixel>[0]));
