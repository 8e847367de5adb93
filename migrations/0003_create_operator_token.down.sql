DROP TABLE operator_bootstrap_token;
