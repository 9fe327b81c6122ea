/** The web widget: its settings (allowed origins, public key), the script businesses embed, and the conversations visitors open with it. */
@NullMarked
package com.polaris.operator.widget;

import org.jspecify.annotations.NullMarked;
