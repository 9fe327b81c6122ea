/** The WhatsApp channel: its settings, the signed inbound webhook that turns customer messages into conversation messages, and {@code send_whatsapp_message}. */
@NullMarked
package com.polaris.operator.whatsapp;

import org.jspecify.annotations.NullMarked;
