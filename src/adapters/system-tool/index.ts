// adapters/system-tool: the one runner for system tools (no shell, timeout, install hint, opt-in "gone").

export { runSystemTool, type SystemTool } from './system-tool.js';
