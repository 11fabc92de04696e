// The berth console: server-rendered pages of the account a `berth up` serves, with live updates by Server-Sent Events.
export type {
  ConsoleConnection,
  ConsoleDeps,
  ConsoleLogLine,
  LogTail,
  PullLayer,
  RegistryRepository,
} from './console-deps.js';
export { type ConsoleServer, type ConsoleServerOptions, createConsoleServer } from './console-server.js';
export { escapeText, Html, html } from './html.js';
