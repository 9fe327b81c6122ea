/** Leads: people interested in the business, recorded by the {@code create_lead} tool. */
@NullMarked
package com.polaris.operator.lead;

import org.jspecify.annotations.NullMarked;
