package io.orderhub.sandbox;

import java.util.List;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** For people and tests: the mail the sandbox SMTP server received (admin key). */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/admin")
public class SandboxMailController {

    private final SandboxSmtpServer smtp;

    public SandboxMailController(SandboxSmtpServer smtp) {
        this.smtp = smtp;
    }

    @GetMapping("/mail")
    public List<SandboxSmtpServer.Mail> mail(@RequestParam String to) throws Exception {
        return smtp.messagesTo(to);
    }
}
