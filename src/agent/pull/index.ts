// agent/pull: resolve → platform → fetch → unpack, with failures worded as ECS words them.

export { LayerArrivals } from './layer-arrivals.js';
export { type LaunchType, type PullFailureContext, pullFailureReason } from './pull-failure-reason.js';
export {
  ImagePullError,
  type PullEvent,
  type PullImageRequest,
  type PullImageResult,
  pullImage,
} from './pull-image.js';
export { type UnpackStep, type UnpackStepRequest, type UnpackStepResult, unpackStep } from './unpack-step.js';
