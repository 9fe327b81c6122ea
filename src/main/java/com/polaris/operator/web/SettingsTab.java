package com.polaris.operator.web;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import org.springframework.ui.Model;

/**
 * What the settings tabs share. Changes go through the same services as the API, so only owners
 * and admins change settings (only owners the usage limit), and a refusal reads as the API's.
 */
final class SettingsTab {

    /** The most members, keys or tokens a settings page lists. */
    static final int LISTED = 200;

    private SettingsTab() {}

    /** The first page of a tab's list: {@link #LISTED} rows. */
    static final PageRequest FIRST = new PageRequest(null, LISTED);

    /** Puts the rows of {@code page} in the model, and whether there were more, which the page then says. */
    static void listed(Model model, String name, Page<?> page) {
        model.addAttribute(name, page.items());
        model.addAttribute("more", page.nextCursor() != null);
    }

    /** A service's 422 or 409 is shown on the form; any other refusal is the console's error page. */
    static void refusedOnForm(ApiProblem problem) {
        if (problem.kind() != ApiProblem.Kind.INVALID && problem.kind() != ApiProblem.Kind.CONFLICT) {
            throw problem;
        }
    }
}
