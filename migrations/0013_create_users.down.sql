DROP TABLE jwt_signing_key;
DROP TABLE users;
