import { uploadStagingSuite } from '../../testing/suites/upload-staging.suite.js';
import { MemoryUploadStaging } from './memory-upload-staging.js';

uploadStagingSuite('MemoryUploadStaging', async () => ({ staging: new MemoryUploadStaging() }));
