/**
 * The action catalog: built-in tools and custom actions, their input schemas and kinds; the external
 * bases custom actions run on plug in through {@link com.polaris.operator.catalog.ExternalBase}.
 */
@NullMarked
package com.polaris.operator.catalog;

import org.jspecify.annotations.NullMarked;
