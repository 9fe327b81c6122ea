/**
 * The database Polaris runs on, recognised once at start-up, and everything that differs between
 * the databases it supports. Every other module asks {@link com.polaris.operator.database.Database}
 * rather than looking at the JDBC URL or the driver itself.
 */
@NullMarked
package com.polaris.operator.database;

import org.jspecify.annotations.NullMarked;
