/**
 * What spin-nas knows about each dataset without reading it: image shape, classes and the
 * number of training and test images. Pure data, so a space file can be checked against it
 * before any file is opened (datasets.ts reads the files).
 */
export interface DatasetFacts {
  /** [height, width, channels] */
  inputShape: [number, number, number];
  classes: number;
  trainImages: number;
  testImages: number;
}

export const DATASET_FACTS: Readonly<Record<string, DatasetFacts>> = {
  'fashion-mnist': { inputShape: [28, 28, 1], classes: 10, trainImages: 60_000, testImages: 10_000 },
  mnist: { inputShape: [28, 28, 1], classes: 10, trainImages: 60_000, testImages: 10_000 },
  cifar10: { inputShape: [32, 32, 3], classes: 10, trainImages: 50_000, testImages: 10_000 },
};
