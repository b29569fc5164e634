// DKIM public keys for the test zones: RSA SubjectPublicKeyInfo (RFC 6376 §3.6.1 `p=`), base64.
// Generated once for these tests with node:crypto (the private halves were not kept); they belong
// to no real domain.

/** 1024 bits: what Exmail hands out (docs/user.md: `MIGfMA0G…IDAQAB`); weak under RFC 8301 §3.2. */
export const RSA_1024 =
  'MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC4SOhUhGUQPXmQ1YDU8LGLbOkS1Sl45i7IoEyAS1CE78XdIVHEp+hOotHli4vEgXYahpffSJLtYKbKaLdzHByUaMolmlY3TUnwH39CJ+cRy9HMtmXOfIV4/VdgyAxvIefugD+xHa+pfrBED1Y+XJOdC68v9AZF4drGoEGs+D8UcwIDAQAB';

export const RSA_2048 =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAzuhNdGJmkj/b9+lijf75lBCW6GhwuTEG5MvEV9iFY0GBZUxmfhu1uc0XXlofVGwv2774gZs6/Njj5c0vkl1s6/CHiJn0lRWw92uHg40Rh8fNqQfVTEbaBLzKE6CWz2l0UlB41cdiYwmrzsdHg+TpthHP683jER4LtzvGBj/Hdv9I+icjjDVxDZYzGtH3q6tPBwF/c9DLFx5DheSHwXoAyCE8WWL3eNnTXOj19GaU1Mz506Libkteyyjb8ioUhcPCkQhHQVT5NoND7H7N3mmSXwYaZsa6OQmq4jhohOtR74TGgy+85btV6zz9KbDKF9CNpSlTscAGTR/3pSc6Nh0nVQIDAQAB';

export const RSA_2048_B =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwn7ZsB1X3/ugqO4qiUUHDrngVyx/VS1sPFzaKecK1Zta/QL7enRdeMBso/334U9AhNx9Myg/f8wtfDIX8w+NkQJ2AiVC/TIPN94JWS4zqSSD3N7d0OEaZIVBcgl66GLbDEWUyV2tdqxX96OxslaoFdl8IrcFMbtyOJ3TtatmyJ1peG4ruzt2f9ZYEtCbgEcFPLxXUJjnngSJ8mEKv8DYRrxwWZu9GVMUGZ2S99MnrEZJxg07vfLV/fUBfTrWGphROpPigLmU/xYSyuQycQbrGRwOlexJqb7P+sUBW9/+ubzkzGjWbnd/HnNiYdoUjX1EAl9QrNnsRoZ/QX1AfG1vqwIDAQAB';

/**
 * The 2048-bit key as it ends up after a pre-split, quoted paste into a DNS host's form
 * (docs/cloudflare.md, Cloudflare mistake 4): the quotes and the space between the halves are now
 * part of the key.
 */
export const RSA_2048_PASTED_WITH_QUOTES = `${RSA_2048.slice(0, 200)}" "${RSA_2048.slice(200)}`;
