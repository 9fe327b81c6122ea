/**
 * The Model Context Protocol server at {@code /mcp}: agents list the workspace's tools and propose
 * actions through the same path as {@code POST /api/v1/actions}, over Streamable HTTP, with the
 * API's bearer tokens.
 */
@NullMarked
package com.polaris.operator.mcp;

import org.jspecify.annotations.NullMarked;
