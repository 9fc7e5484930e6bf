import { SetMetadata } from '@nestjs/common';
import type { Role } from './principal';

/** How a route is reached: without a key, with the sign-up token (when set), or with a key of these roles. */
export type Access = { kind: 'public' } | { kind: 'signup' } | { kind: 'roles'; roles: readonly Role[] };

export const ACCESS_METADATA = 'skype-manager:access';

/** No key needed (health, docs, invitation links). */
export const Public = () => SetMetadata(ACCESS_METADATA, { kind: 'public' } satisfies Access);

/** Open, unless the server sets SIGNUP_TOKEN: then `Authorization: Bearer <SIGNUP_TOKEN>`. */
export const SignUp = () => SetMetadata(ACCESS_METADATA, { kind: 'signup' } satisfies Access);

/** A key of one of these roles, of the Manager named in the path. A route without any of these is refused. */
export const Allow = (roles: readonly Role[]) => SetMetadata(ACCESS_METADATA, { kind: 'roles', roles } satisfies Access);
