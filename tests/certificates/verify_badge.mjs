// Independent check of an Open Badges 3.0 VC-JWT (the platform signs with Python `cryptography`; this verifies
// with Node `jose`). Input on stdin: {"jwt": "...", "jwks": {"keys": [...]}, "statusJwt": "..."}.
// Output: {"signature": "valid"|"invalid", "revoked": true|false|null, "error": "...", "issuer": "..."}.
import { createLocalJWKSet, jwtVerify } from "jose";
import { gunzipSync } from "node:zlib";

const input = JSON.parse(await new Promise((resolve) => {
  let data = "";
  process.stdin.on("data", (chunk) => (data += chunk));
  process.stdin.on("end", () => resolve(data));
}));
const keys = createLocalJWKSet(input.jwks);
const result = { signature: "invalid", revoked: null };
try {
  const { payload, protectedHeader } = await jwtVerify(input.jwt, keys, { algorithms: ["RS256"], typ: "vc+jwt" });
  if (!payload.type.includes("OpenBadgeCredential")) throw new Error("not an OpenBadgeCredential");
  if (payload.iss !== payload.issuer.id) throw new Error("iss differs from issuer.id");
  result.signature = "valid";
  result.alg = protectedHeader.alg;
  result.issuer = payload.issuer.id;
  result.achievement = payload.credentialSubject.achievement.name;
  if (input.statusJwt) {
    const status = await jwtVerify(input.statusJwt, keys, { algorithms: ["RS256"] });
    const entry = payload.credentialStatus;
    if (status.payload.id !== entry.statusListCredential) throw new Error("status list URL mismatch");
    const encoded = status.payload.credentialSubject.encodedList;
    const bits = gunzipSync(Buffer.from(encoded.slice(1), "base64url"));
    const index = Number(entry.statusListIndex);
    result.revoked = ((bits[index >> 3] >> (7 - (index & 7))) & 1) === 1;
  }
} catch (error) {
  result.error = String(error && error.code ? error.code : error);
}
process.stdout.write(JSON.stringify(result));
