package io.dea.modeling.intake;

import java.util.List;

/**
 * Phrasings over the generated HR schema (employees, departments). All of them were written before the
 * interpreter was run on them (untuned), as a data engineer would ask.
 */
final class HrPhrasings {

    private static final String EMPLOYEES = "source:employees";
    private static final String DEPARTMENTS = "source:departments";
    private static final String BY_DEPARTMENT = "grain:employees.department";
    private static final String EMPLOYEE_COUNT = "measure:employee_count=count_distinct(employees.id)";
    private static final String AVG_SALARY = "measure:avg_salary=avg(employees.salary)";

    // Written before measuring.
    static final List<EvalCase> CASES = List.of(
            EvalCase.of("headcount by department from employees",
                    EMPLOYEES, BY_DEPARTMENT, "measure:headcount=count_distinct(employees.id)", "mart:headcount_by_department"),
            EvalCase.of("average salary per department from employees",
                    EMPLOYEES, BY_DEPARTMENT, AVG_SALARY, "mart:avg_salary_by_department"),
            EvalCase.of("number of employees per department from employees, only active employees",
                    EMPLOYEES, BY_DEPARTMENT, EMPLOYEE_COUNT, "filter:employees.status = 'active'",
                    "mart:employee_count_by_department"),
            EvalCase.of("monthly hires from employees",
                    EMPLOYEES, "grain:employees.hire_date", "time:month", "measure:hire_count=count_distinct(employees.id)",
                    "mart:monthly_hire_count"),
            EvalCase.of("total salary by location from employees excluding terminated employees",
                    EMPLOYEES, "grain:employees.location", "measure:salary=sum(employees.salary)",
                    "filter:employees.status <> 'terminated'", "mart:salary_by_location"),
            EvalCase.of("maximum salary per job title from employees",
                    EMPLOYEES, "grain:employees.job_title", "measure:max_salary=max(employees.salary)",
                    "mart:max_salary_by_job_title"),
            // Two date columns (hire_date, termination_date) match "date" equally: a question, not a guess.
            EvalCase.of("number of employees by date from employees",
                    EMPLOYEES, EMPLOYEE_COUNT, "mart:employee_count", "?date"),
            // No column says anything about gender.
            EvalCase.of("average salary by gender from employees",
                    EMPLOYEES, AVG_SALARY, "mart:avg_salary", "?gender"),
            EvalCase.of("total salary per cost center from employees and departments",
                    EMPLOYEES, DEPARTMENTS, "grain:departments.cost_center", "measure:salary=sum(employees.salary)",
                    "mart:salary_by_cost_center"),
            EvalCase.of("number of employees per status from employees",
                    EMPLOYEES, "grain:employees.status", EMPLOYEE_COUNT, "mart:employee_count_by_status"),
            EvalCase.of("average salary per department from employees and departments where salary over 50000",
                    EMPLOYEES, DEPARTMENTS, BY_DEPARTMENT, AVG_SALARY, "filter:employees.salary > 50000",
                    "mart:avg_salary_by_department"),
            EvalCase.of("total budget per cost center from departments",
                    DEPARTMENTS, "grain:departments.cost_center", "measure:budget=sum(departments.annual_budget)",
                    "mart:budget_by_cost_center"));

    private HrPhrasings() {
    }
}
