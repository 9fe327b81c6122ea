/** The {@code send_email} executor: SMTP through Jakarta Mail, strict addresses, no header injection, one Message-ID per action. */
@NullMarked
package com.polaris.operator.email;

import org.jspecify.annotations.NullMarked;
