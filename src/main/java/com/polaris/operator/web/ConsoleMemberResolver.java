package com.polaris.operator.web;

import com.polaris.operator.identity.Caller;
import com.polaris.operator.workspace.Members;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Gives console handlers a {@link ConsoleMember} parameter: the signed-in member, looked up once per
 * request so a changed role or a removed member takes effect at once.
 */
@Configuration
@RequiredArgsConstructor
class ConsoleMemberResolver implements HandlerMethodArgumentResolver, WebMvcConfigurer {

    private static final String ATTRIBUTE = ConsoleMember.class.getName();

    private final Members members;

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == ConsoleMember.class;
    }

    @Override
    public ConsoleMember resolveArgument(
            MethodParameter parameter,
            @Nullable ModelAndViewContainer mav,
            NativeWebRequest request,
            @Nullable WebDataBinderFactory binders) {
        ConsoleMember member = current(request.getNativeRequest(HttpServletRequest.class));
        if (member == null) {
            throw new InsufficientAuthenticationException("Sign in to use the console.");
        }
        return member;
    }

    /** The signed-in member of this request, or null when nobody (or a since-removed member) is signed in. */
    @Nullable
    ConsoleMember current(@Nullable HttpServletRequest request) {
        if (request != null && request.getAttribute(ATTRIBUTE) instanceof ConsoleMember cached) {
            return cached;
        }
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof ConsoleSecurity.SignedIn signedIn)) {
            return null;
        }
        ConsoleMember member = members.member(signedIn.workspaceId(), signedIn.memberId())
                .map(m -> new ConsoleMember(
                        new Caller(m.workspaceId(), Caller.Type.MEMBER, m.id(), m.name(), m.role()),
                        m.email(),
                        m.role()))
                .orElse(null);
        if (request != null && member != null) {
            request.setAttribute(ATTRIBUTE, member);
        }
        return member;
    }
}
