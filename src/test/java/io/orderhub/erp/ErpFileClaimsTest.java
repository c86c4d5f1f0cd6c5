package io.orderhub.erp;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderhub.support.HubTest;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.remote.RemoteFileEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Hub instances on one database claim an ERP file before taking it, so only one takes it (ErpFileClaims). */
@HubTest
class ErpFileClaimsTest {

    @Autowired
    ErpFileClaims claims;

    @Autowired
    CamelContext camel;

    @Autowired
    DataSource dataSource;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void everyErpOutboxConsumerClaimsItsFilesOnTheDatabase() {
        assertThat(camel.getEndpoints()).filteredOn(endpoint -> endpoint instanceof RemoteFileEndpoint<?> ftp
                        && ftp.getConfiguration().getDirectory().endsWith("outbox"))
                .isNotEmpty()
                .allSatisfy(endpoint -> assertThat(((RemoteFileEndpoint<?>) endpoint).getInProgressRepository()).isSameAs(claims));
    }

    @Test
    void aFileClaimedByOneInstanceIsRefusedToAnotherUntilReleased() throws Exception {
        String file = "outbox/stock-" + UUID.randomUUID() + ".csv";
        // another hub instance: its own repository on the same database
        ErpFileClaims otherInstance = new ErpFileClaims(dataSource, new TransactionTemplate(transactions), camel, 60_000, 10_000);
        otherInstance.start();
        try {
            assertThat(claims.add(file)).isTrue();
            assertThat(otherInstance.add(file)).as("claimed by the first instance").isFalse();
            assertThat(claims.add(file)).as("claimed already, even by itself").isFalse();

            claims.remove(file);
            assertThat(otherInstance.add(file)).as("released: free for the other").isTrue();
            assertThat(claims.contains(file)).isTrue();
        } finally {
            otherInstance.remove(file);
            otherInstance.stop();
        }
    }
}
