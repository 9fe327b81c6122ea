/**
 * The {@code generic_webhook} executor and the chat webhook's transport: signed HTTPS deliveries
 * (Standard Webhooks) to addresses checked against private and reserved ranges, with the connection
 * made to the checked address.
 */
@NullMarked
package com.polaris.operator.webhook;

import org.jspecify.annotations.NullMarked;
