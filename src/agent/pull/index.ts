// agent/pull: resolve → platform → fetch → unpack, with failures worded as ECS words them.

export { type LaunchType, type PullFailureContext, pullFailureReason } from './pull-failure-reason.js';
export {
  ImagePullError,
  type PullEvent,
  type PullImageRequest,
  type PullImageResult,
  pullImage,
} from './pull-image.js';
export { type UnpackStep, type UnpackStepRequest, type UnpackStepResult, unpackInto } from './unpack-step.js';
