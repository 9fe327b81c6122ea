package com.polaris.operator.secret;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the master keyset comes from ({@code polaris.secrets.*}): {@code masterKey} (a Tink JSON keyset,
 * plain or Base64) wins over {@code keysetFile}; with both blank, a keyset is generated into the data dir.
 * {@code rotateMasterKey} adds a new primary key on start.
 */
@ConfigurationProperties("polaris.secrets")
record MasterKeySettings(
        @DefaultValue("") String masterKey,
        @DefaultValue("") String keysetFile,
        @DefaultValue("false") boolean rotateMasterKey) {}
