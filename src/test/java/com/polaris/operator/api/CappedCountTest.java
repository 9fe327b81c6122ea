package com.polaris.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CappedCountTest {

    @Test
    void aCountBelowTheCapIsShownAsItIsAndOneAtTheCapAs99Plus() {
        assertThat(CappedCount.shown(0)).isEqualTo("0");
        assertThat(CappedCount.shown(99)).isEqualTo("99");
        assertThat(CappedCount.shown(100)).isEqualTo("99+");
        assertThat(CappedCount.of("select 1 from approvals where workspace_id = ?"))
                .isEqualTo("select count(*) from (select 1 from approvals where workspace_id = ? limit 100) counted");
    }
}
