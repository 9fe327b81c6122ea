package com.polaris.operator.api;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Reads a list endpoint's {@link PageRequest} from {@code ?cursor=} and {@code ?limit=}, so every list
 * checks them the same way, and documents both query parameters on every operation that takes one.
 */
@Configuration
class PageRequests implements WebMvcConfigurer, HandlerMethodArgumentResolver {

    /** The OpenAPI document lists {@code cursor} and {@code limit} one by one, not a {@link PageRequest} object. */
    PageRequests() {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(PageRequest.class);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == PageRequest.class;
    }

    @Override
    public PageRequest resolveArgument(
            MethodParameter parameter,
            @Nullable ModelAndViewContainer mavContainer,
            NativeWebRequest request,
            @Nullable WebDataBinderFactory binderFactory) {
        return PageRequest.of(request.getParameter("cursor"), limit(request.getParameter("limit")));
    }

    private static @Nullable Integer limit(@Nullable String limit) {
        if (limit == null || limit.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(limit.strip());
        } catch (NumberFormatException e) {
            throw ApiProblem.badParameter("limit must be a whole number between 1 and " + Page.MAX_LIMIT + ".");
        }
    }

    @Bean
    OperationCustomizer pagedOperations() {
        return (Operation operation, HandlerMethod method) -> {
            if (Arrays.stream(method.getMethodParameters()).anyMatch(this::supportsParameter)) {
                operation.addParametersItem(new Parameter()
                        .in("query")
                        .name("cursor")
                        .description("The nextCursor of the previous page; none for the first page.")
                        .schema(new StringSchema()));
                operation.addParametersItem(new Parameter()
                        .in("query")
                        .name("limit")
                        .description("How many items a page holds.")
                        .schema(new IntegerSchema()
                                .minimum(BigDecimal.ONE)
                                .maximum(BigDecimal.valueOf(Page.MAX_LIMIT))
                                ._default(Page.DEFAULT_LIMIT)));
            }
            return operation;
        };
    }
}
