package com.polaris.operator.web;

import com.polaris.operator.catalog.BuiltInTool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The new custom action form as typed, so it can be shown again with what needs fixing. */
record CustomActionDraft(
        String name,
        String title,
        String description,
        String base,
        List<FieldRow> fields,
        String url,
        String headers,
        String body,
        String to,
        String subject,
        String emailBody,
        String html) {

    private static final int SPARE_FIELDS = 2;

    /** One input field of a new custom action, as typed in the form. */
    record FieldRow(int index, String name, String type, boolean required) {}

    static CustomActionDraft empty() {
        return new CustomActionDraft(
                "", "", "", BuiltInTool.GENERIC_WEBHOOK.wire(), spare(List.of()), "https://", "", "", "", "", "", "");
    }

    /** The form's fields, in the order it shows them. */
    List<FormErrors.Field> formFields() {
        var list = new ArrayList<>(List.of(
                new FormErrors.Field("name", "action-name", "Name"),
                new FormErrors.Field("title", "action-title", "Title"),
                new FormErrors.Field("description", "action-description", "Description"),
                new FormErrors.Field("base", "base-webhook", "What it does"),
                new FormErrors.Field("inputSchema", "field-name-0", "Input fields")));
        for (FieldRow row : fields) {
            String number = "Field " + (row.index() + 1);
            list.add(new FormErrors.Field(
                    "fields." + row.index() + ".name", "field-name-" + row.index(), number + " name"));
            list.add(new FormErrors.Field(
                    "fields." + row.index() + ".type", "field-type-" + row.index(), number + " type"));
        }
        list.addAll(List.of(
                new FormErrors.Field("url", "webhook-url", "URL"),
                new FormErrors.Field("headers", "webhook-headers", "Headers"),
                new FormErrors.Field("body", "webhook-body", "Body template"),
                new FormErrors.Field("to", "email-to", "To"),
                new FormErrors.Field("subject", "email-subject", "Subject"),
                new FormErrors.Field("emailBody", "email-body", "Text body"),
                new FormErrors.Field("html", "email-html", "HTML body")));
        return list;
    }

    /** What was typed, by parameter, as the rows are numbered now. */
    Map<String, String> values() {
        var values = new LinkedHashMap<String, String>(Map.of(
                "name",
                name,
                "title",
                title,
                "description",
                description,
                "base",
                base,
                "url",
                url,
                "headers",
                headers,
                "body",
                body,
                "to",
                to,
                "subject",
                subject));
        values.put("emailBody", emailBody);
        values.put("html", html);
        for (FieldRow row : fields) {
            values.put("fields." + row.index() + ".name", row.name());
            values.put("fields." + row.index() + ".type", row.type());
        }
        return values;
    }

    static List<FieldRow> spare(List<FieldRow> filled) {
        var rows = new ArrayList<>(filled);
        for (int i = 0; i < SPARE_FIELDS; i++) {
            rows.add(new FieldRow(rows.size(), "", "string", false));
        }
        return rows;
    }

    /** The form as posted; "Add another field" keeps empty rows and adds one more. */
    static CustomActionDraft from(Map<String, String> params) {
        boolean more = params.containsKey("more");
        var fields = new ArrayList<FieldRow>();
        for (int i = 0; params.containsKey("fields." + i + ".name"); i++) {
            String name = params.getOrDefault("fields." + i + ".name", "").trim();
            if (!name.isEmpty() || more) {
                fields.add(new FieldRow(
                        fields.size(),
                        name,
                        params.getOrDefault("fields." + i + ".type", "string"),
                        params.containsKey("fields." + i + ".required")));
            }
        }
        if (more) {
            fields.add(new FieldRow(fields.size(), "", "string", false));
        }
        return new CustomActionDraft(
                params.getOrDefault("name", ""),
                params.getOrDefault("title", ""),
                params.getOrDefault("description", ""),
                params.getOrDefault("base", BuiltInTool.GENERIC_WEBHOOK.wire()),
                more ? fields : spare(fields),
                params.getOrDefault("url", ""),
                params.getOrDefault("headers", ""),
                params.getOrDefault("body", ""),
                params.getOrDefault("to", ""),
                params.getOrDefault("subject", ""),
                params.getOrDefault("emailBody", ""),
                params.getOrDefault("html", ""));
    }
}
