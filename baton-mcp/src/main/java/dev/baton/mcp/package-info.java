/**
 * {@code baton mcp}: the MCP server (stdio, official MCP Java SDK) through which a coding agent
 * started by a command agent reports on its attempt, tool by tool, as {@code @baton} lines would.
 */
package dev.baton.mcp;
