package com.polaris.operator.api;

import com.polaris.operator.PostgresApiTest;

/** Hostile input on PostgreSQL, which refuses a NUL or a lone surrogate outright. */
class PostgresHostileInputTest extends PostgresApiTest implements HostileInputScenarios {}
