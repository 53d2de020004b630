/**
 * Image files to the space's input shape. PNG is decoded by pngjs and JPEG by jpeg-js (both
 * pure JavaScript; 16-bit PNGs are scaled to 8 bits). The policy, stated once:
 * - channels: inputShape with 1 channel takes the luminance 0.299 R + 0.587 G + 0.114 B
 *   (ITU-R BT.601, rounded); 3 channels take R, G, B (a grey image is repeated in all three);
 *   alpha is dropped (not composited); other channel counts are refused.
 * - size: 'bilinear' (default) and 'nearest' stretch every image to height x width (the
 *   aspect ratio is not kept; sampling at pixel centres, as TensorFlow's resize with
 *   half_pixel_centers); 'none' refuses any image whose size differs from inputShape.
 */
import { extname } from 'node:path';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { dataError } from './problem.js';

export type ResizePolicy = 'bilinear' | 'nearest' | 'none';

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg'];

interface Rgba {
  width: number;
  height: number;
  /** width x height x 4 bytes. */
  data: Uint8Array;
}

/** Decodes a PNG or JPEG file's bytes (by extension); a corrupt file is a DataError naming it. */
export function decodeImage(bytes: Uint8Array, file: string): Rgba {
  const ext = extname(file).toLowerCase();
  try {
    if (ext === '.png') {
      const png = pngjs.PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
    }
    const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 512 });
    return { width: image.width, height: image.height, data: image.data };
  } catch (error) {
    throw dataError(file, `cannot be decoded as ${ext === '.png' ? 'PNG' : 'JPEG'} (${(error as Error).message})`, 'the image is corrupt or not what its extension says: replace it or remove it');
  }
}

/** The image as height x width x channels bytes, by the policy above. */
export function toInputShape(image: Rgba, shape: readonly [number, number, number], resize: ResizePolicy, file: string): Uint8Array {
  const [height, width, channels] = shape;
  if (channels !== 1 && channels !== 3) {
    throw dataError(file, `images can become 1 (grey) or 3 (RGB) channels, not the ${channels} of dataset.inputShape`, 'set dataset.inputShape to [height, width, 1] or [height, width, 3]');
  }
  if ((image.width !== width || image.height !== height) && resize === 'none') {
    throw dataError(file, `is ${image.width}x${image.height} pixels, not the ${width}x${height} of dataset.inputShape, and dataset.source.resize is "none"`, 'resize the images, or set dataset.source.resize to "bilinear"');
  }
  const out = new Uint8Array(height * width * channels);
  const sx = image.width / width;
  const sy = image.height / height;
  const pixel = new Float64Array(3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      sample(image, (x + 0.5) * sx - 0.5, (y + 0.5) * sy - 0.5, resize === 'nearest', pixel);
      const at = (y * width + x) * channels;
      if (channels === 1) out[at] = Math.round(0.299 * pixel[0]! + 0.587 * pixel[1]! + 0.114 * pixel[2]!);
      else for (let c = 0; c < 3; c++) out[at + c] = Math.round(pixel[c]!);
    }
  }
  return out;
}

/** R, G, B at a (fractional) source position: nearest or bilinear, edges clamped. */
function sample(image: Rgba, fx: number, fy: number, nearest: boolean, into: Float64Array): void {
  const { width, height, data } = image;
  const clampX = (v: number): number => Math.min(width - 1, Math.max(0, v));
  const clampY = (v: number): number => Math.min(height - 1, Math.max(0, v));
  if (nearest) {
    const at = (clampY(Math.round(fy)) * width + clampX(Math.round(fx))) * 4;
    for (let c = 0; c < 3; c++) into[c] = data[at + c]!;
    return;
  }
  const x0 = clampX(Math.floor(fx));
  const y0 = clampY(Math.floor(fy));
  const x1 = clampX(x0 + 1);
  const y1 = clampY(y0 + 1);
  const ax = Math.min(1, Math.max(0, fx - x0));
  const ay = Math.min(1, Math.max(0, fy - y0));
  for (let c = 0; c < 3; c++) {
    const top = data[(y0 * width + x0) * 4 + c]! * (1 - ax) + data[(y0 * width + x1) * 4 + c]! * ax;
    const bottom = data[(y1 * width + x0) * 4 + c]! * (1 - ax) + data[(y1 * width + x1) * 4 + c]! * ax;
    into[c] = top * (1 - ay) + bottom * ay;
  }
}
