package com.polaris.operator.api;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.thymeleaf.context.Context;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.linkbuilder.StandardLinkBuilder;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers the requests Tomcat refuses before the application sees them — an address with a broken
 * %-escape, {@code %00}, an encoded slash or malformed UTF-8, a header larger than Tomcat takes —
 * in the product's own words: a problem document under the API's addresses, the console's error
 * page ({@code templates/error.html}) elsewhere. Tomcat's report, which names the server and shows
 * its own HTML, is replaced by this one on the host.
 */
@Configuration
class ContainerErrorReports {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> productErrorReports(JsonMapper json) {
        return factory -> factory.addContextCustomizers(context -> {
            var host = (StandardHost) context.getParent();
            // Spring Boot adds a Tomcat report valve of its own (without server details); this one replaces it.
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(valve);
                }
            }
            host.setErrorReportValveClass(ProductErrorReport.class.getName());
            host.getPipeline().addValve(new ProductErrorReport(json));
        });
    }

    /** Tomcat's error report valve, writing the product's answer instead of Tomcat's page. */
    static final class ProductErrorReport extends ErrorReportValve {

        private final JsonMapper json;
        private final SpringTemplateEngine pages;

        ProductErrorReport(JsonMapper json) {
            this.json = json;
            this.pages = consolePages();
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            var ioAllowed = new AtomicBoolean(false);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            var failure = ErrorAnswers.Failure.of(status, null);
            boolean api = ApiPaths.isApi(request.getRequestURI());
            try {
                response.setContentType(api ? MediaType.APPLICATION_PROBLEM_JSON_VALUE : MediaType.TEXT_HTML_VALUE);
                response.setCharacterEncoding("UTF-8");
                PrintWriter writer = response.getReporter();
                if (writer == null) {
                    return;
                }
                if (api) {
                    writer.write(json.writeValueAsString(Problems.ofStatus(failure.status(), failure.detail())));
                } else {
                    var page = new Context(Locale.ENGLISH);
                    page.setVariable("headline", failure.headline());
                    page.setVariable("detail", failure.detail());
                    writer.write(pages.process("error", page));
                }
                response.finishResponse();
            } catch (IOException | RuntimeException e) {
                // The connection is failing or gone; there is nobody left to answer.
            }
        }

        /**
         * The console's templates, rendered without a request the application has seen: links are
         * taken as they are written, since the console is served at the root.
         */
        private static SpringTemplateEngine consolePages() {
            var templates = new ClassLoaderTemplateResolver(ContainerErrorReports.class.getClassLoader());
            templates.setPrefix("templates/");
            templates.setSuffix(".html");
            templates.setTemplateMode(TemplateMode.HTML);
            templates.setCharacterEncoding("UTF-8");
            var engine = new SpringTemplateEngine();
            engine.setTemplateResolver(templates);
            engine.setLinkBuilder(new StandardLinkBuilder() {
                @Override
                protected String computeContextPath(
                        IExpressionContext context, String base, Map<String, Object> parameters) {
                    return "";
                }
            });
            return engine;
        }
    }
}
