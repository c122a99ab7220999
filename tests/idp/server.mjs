// A real OpenID Connect provider for SiKo's single sign-on tests
// (npm package oidc-provider). Started by the pytest fixture `oidc_provider`
// in tests/e2e/test_sso.py; configured through the environment:
//   IDP_PORT       port to listen on (127.0.0.1)
//   IDP_CLIENT     JSON: {client_id, client_secret, redirect_uri, post_logout_redirect_uri}
//   IDP_ACCOUNTS   JSON: {login name: claims}
// Login uses the package's development pages (any password is accepted);
// consent is granted without a page, as a company IdP does for its own apps.
import Provider from 'oidc-provider';

const port = Number(process.env.IDP_PORT);
const client = JSON.parse(process.env.IDP_CLIENT);
const accounts = JSON.parse(process.env.IDP_ACCOUNTS);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: client.client_id,
    client_secret: client.client_secret,
    redirect_uris: [client.redirect_uri],
    post_logout_redirect_uris: [client.post_logout_redirect_uri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'RS256',
  }],
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['given_name', 'family_name', 'preferred_username', 'groups', 'siko_authority'],
  },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  async findAccount(ctx, id) {
    const claims = accounts[id];
    if (!claims) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  // Claims go into the ID token itself (conform: false), as many IdPs do.
  conformIdTokenClaims: false,
});
provider.proxy = false;
provider.listen(port, '127.0.0.1', () => {
  console.log(`IDP READY ${issuer}`);
});
