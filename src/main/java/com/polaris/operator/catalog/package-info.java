/** The action catalog: built-in tools and custom actions, their input schemas and kinds. */
@NullMarked
package com.polaris.operator.catalog;

import org.jspecify.annotations.NullMarked;
