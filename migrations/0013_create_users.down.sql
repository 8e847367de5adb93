DROP TABLE sign_in_codes;
DROP TABLE jwt_signing_key;
DROP TABLE users;
