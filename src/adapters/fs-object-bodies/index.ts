export { FsObjectBodies } from './fs-object-bodies.js';
