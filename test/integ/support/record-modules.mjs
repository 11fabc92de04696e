// `node --import ./record-modules.mjs …`: appends the URL of every module the process loads, one a line, to the file
// named by BERTH_TEST_MODULE_LOG — so a test can see what a process has (and has not) imported so far.
import { register } from 'node:module';

register('./record-modules-hooks.mjs', import.meta.url);
