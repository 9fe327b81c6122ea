package com.polaris.operator.secret;

import com.polaris.operator.api.Page;
import com.polaris.operator.identity.Caller;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The secrets API: write-only values, names and dates to read. Integration keys get nothing here. */
@RestController
@RequestMapping("/api/v1/secrets")
class SecretController {

    private final Secrets secrets;

    SecretController(Secrets secrets) {
        this.secrets = secrets;
    }

    record SecretValue(@Nullable String value) {}

    @PutMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void put(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String name,
            @RequestBody(required = false) @Nullable SecretValue body) {
        secrets.put(caller, name, body == null ? null : body.value());
    }

    @GetMapping
    Page<SecretInfo> list(@AuthenticationPrincipal Caller caller) {
        caller.requireMember();
        return new Page<>(secrets.list(caller.workspaceId()), null);
    }

    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        secrets.delete(caller, name);
    }
}
