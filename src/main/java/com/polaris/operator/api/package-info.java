/** The conventions every HTTP endpoint shares: RFC 9457 problems, cursor pages, request limits. */
@NullMarked
package com.polaris.operator.api;

import org.jspecify.annotations.NullMarked;
