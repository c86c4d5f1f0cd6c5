package io.orderhub.erp;

import static io.orderhub.order.OrderStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When a move exports an order: entering the export stage, or passing it without entering it. */
class ExportStageTest {

    @Test
    void enteringTheStageExports() {
        assertThat(ErpExports.reachesExportStage(SOURCED, RELEASED, RELEASED)).isTrue();
        // a replayed dead letter resumes at RELEASED: the export record keeps it to one file
        assertThat(ErpExports.reachesExportStage(FAILED, RELEASED, RELEASED)).isTrue();
    }

    @Test
    void aSiteShippingBeforeTheOthersTookTheirPartsPassesTheStage() {
        assertThat(ErpExports.reachesExportStage(SOURCED, PARTIALLY_SHIPPED, RELEASED)).isTrue();
        assertThat(ErpExports.reachesExportStage(SOURCED, SHIPPED, RELEASED)).isTrue();
    }

    @Test
    void movesBeforeOrAfterTheStageDoNot() {
        assertThat(ErpExports.reachesExportStage(RESERVED, SOURCED, RELEASED)).isFalse();
        assertThat(ErpExports.reachesExportStage(RELEASED, PARTIALLY_SHIPPED, RELEASED)).isFalse();
        assertThat(ErpExports.reachesExportStage(PARTIALLY_SHIPPED, SHIPPED, RELEASED)).isFalse();
        assertThat(ErpExports.reachesExportStage(SOURCED, CANCELLED, RELEASED)).isFalse();
        assertThat(ErpExports.reachesExportStage(RELEASED, RELEASED, RELEASED)).isFalse();
    }

    @Test
    void anEarlierStageWorksTheSameWay() {
        assertThat(ErpExports.reachesExportStage(TAXED, PAYMENT_AUTHORISED, PAYMENT_AUTHORISED)).isTrue();
        assertThat(ErpExports.reachesExportStage(PAYMENT_AUTHORISED, RESERVED, PAYMENT_AUTHORISED)).isFalse();
    }
}
