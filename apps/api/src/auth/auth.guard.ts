import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { ApiConfig } from '../config/api-config';
import { API_CONFIG } from '../core/tokens';
import { forbidden, notFound, unauthorized } from '../http/problem';
import { ACCESS_METADATA, type Access } from './access';
import { sameSecret } from './api-keys';
import { Authenticator } from './authenticator';
import { roleOf, type Principal } from './principal';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the AuthGuard on keyed routes. */
    principal?: Principal;
  }
}

export function bearerOf(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

/**
 * Authenticates every route: 401 without a valid key, 404 when the key belongs to another Manager
 * than the one in the path (never revealing that it exists), 403 when the role may not do this.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /** Each route's access by controller and handler, read from the metadata once (it is fixed once the app is built). */
  private readonly accessByRoute = new WeakMap<object, WeakMap<object, Access | null>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.accessOf(context);
    if (access?.kind === 'public') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const bearer = bearerOf(request.headers.authorization);
    if (access?.kind === 'signup') return this.checkSignUpToken(bearer);
    if (!bearer) throw unauthorized('Send an API key: Authorization: Bearer <apiKey>');
    const principal = await this.authenticator.authenticate(bearer);
    if (!principal) throw unauthorized('The API key is not valid');
    const { managerId } = request.params as { managerId?: string };
    if (managerId !== undefined && managerId !== principal.managerId) {
      throw notFound('manager-not-found', 'No such Manager');
    }
    const role = roleOf(principal);
    if (!access || !access.roles.includes(role)) throw forbidden(`The ${role} role may not do this`);
    request.principal = principal;
    return true;
  }

  private accessOf(context: ExecutionContext): Access | null {
    const controller = context.getClass();
    const handler = context.getHandler();
    let routes = this.accessByRoute.get(controller);
    if (routes === undefined) this.accessByRoute.set(controller, (routes = new WeakMap()));
    let access = routes.get(handler);
    if (access === undefined) {
      access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_METADATA, [handler, controller]) ?? null;
      routes.set(handler, access);
    }
    return access;
  }

  private checkSignUpToken(bearer: string | null): boolean {
    const token = this.config.signupToken;
    if (token === null) return true;
    if (!bearer || !sameSecret(bearer, token)) throw unauthorized('Setting up a Manager needs the sign-up token');
    return true;
  }
}
