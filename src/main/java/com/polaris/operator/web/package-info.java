/** The console: server-rendered pages where members sign in, decide approvals, follow actions and configure tools. */
@NullMarked
package com.polaris.operator.web;

import org.jspecify.annotations.NullMarked;
