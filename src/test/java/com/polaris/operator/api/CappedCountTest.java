package com.polaris.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CappedCountTest {

    @Test
    void aCountBelowTheCapIsShownAsItIsAndOneAtTheCapAs999Plus() {
        assertThat(CappedCount.shown(0)).isEqualTo("0");
        assertThat(CappedCount.shown(999)).isEqualTo("999");
        assertThat(CappedCount.shown(1000)).isEqualTo("999+");
        assertThat(CappedCount.of("select 1 from approvals where workspace_id = ?"))
                .isEqualTo("select count(*) from (select 1 from approvals where workspace_id = ? limit 1000) counted");
    }
}
