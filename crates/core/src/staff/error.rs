//! Errors of the staff module (Equipe): payroll tables, payroll runs and
//! vacation scheduling. Every message is pt-BR and tells the shop owner what to
//! fix.

use chrono::NaiveDate;

/// Formats a date as dd/mm/aaaa for messages.
fn br_date(date: &NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// Why a staff, vacation or payroll calculation or operation was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StaffError {
    /// The payroll tables of a year are inconsistent.
    #[error("As tabelas de INSS e IRRF de {year} estão inconsistentes: {reason}")]
    InvalidTables { year: i32, reason: String },
    /// No payroll tables exist for the year being calculated.
    #[error(
        "Não há tabelas de INSS e IRRF para {0}. Cadastre as tabelas do ano antes de calcular a folha."
    )]
    NoTablesForYear(i32),
    /// The salary is zero or negative.
    #[error("O salário mensal precisa ser maior que zero.")]
    SalaryNotPositive,
    /// A required name is blank.
    #[error("Informe o nome da pessoa.")]
    NameRequired,
    /// The CPF is invalid.
    #[error("CPF inválido: {0}")]
    InvalidCpf(String),
    /// The tax id is a CNPJ where a person's CPF is required.
    #[error("Informe o CPF da pessoa, não um CNPJ.")]
    CpfRequired,
    /// Another staff member already has this CPF.
    #[error("Já existe uma pessoa cadastrada com o CPF {0}.")]
    DuplicateCpf(String),
    /// The staff member does not exist.
    #[error("Pessoa da equipe não encontrada.")]
    StaffNotFound,
    /// Vacation is only for CLT employees.
    #[error("Férias e folha de pagamento só se aplicam a empregados CLT.")]
    NotClt,
    /// A vacation portion shorter than the legal minimum.
    #[error("Cada período de férias precisa ter pelo menos {min} dias (foram pedidos {days}).")]
    VacationTooShort { days: u32, min: u32 },
    /// More days requested than the period still has.
    #[error(
        "O período aquisitivo {period} só tem {balance} dias de saldo (foram pedidos {days})."
    )]
    VacationExceedsBalance {
        period: u32,
        balance: u32,
        days: u32,
    },
    /// The acquisition period does not exist.
    #[error("O período aquisitivo {0} não existe para esta pessoa.")]
    NoSuchPeriod(u32),
    /// No acquisition period has days left.
    #[error("Esta pessoa não tem período aquisitivo completo com saldo de férias.")]
    NoPeriodWithBalance,
    /// The vacation would start before the acquisition period is complete.
    #[error(
        "As férias do período {period} só podem começar depois de {}, quando o período aquisitivo se completa.",
        br_date(.period_end)
    )]
    PeriodNotAcquired { period: u32, period_end: NaiveDate },
    /// The period would be split into more than three portions.
    #[error("As férias de um período podem ser divididas em no máximo 3 partes.")]
    TooManyPortions,
    /// No portion of at least 14 days would remain possible.
    #[error(
        "Uma das partes das férias precisa ter pelo menos 14 dias; com {days} dias agora, isso não seria mais possível."
    )]
    NeedsLongPortion { days: u32 },
    /// Days would be left over that could no longer be scheduled.
    #[error(
        "Sobrariam {remaining} dias neste período que não poderiam mais ser marcados: cada parte precisa de pelo menos 5 dias, em no máximo 3 partes."
    )]
    LeftoverDays { remaining: u32 },
    /// Two vacation portions of one person overlap.
    #[error("Essas férias coincidem com outras férias já marcadas a partir de {}.", br_date(.0))]
    VacationOverlap(NaiveDate),
    /// The vacation to cancel does not exist.
    #[error("Férias não encontradas.")]
    VacationNotFound,
    /// A vacation that already started cannot be cancelled.
    #[error("Essas férias já começaram em {} e não podem ser canceladas.", br_date(.0))]
    VacationStarted(NaiveDate),
    /// A payroll run for this month already exists.
    #[error("Já existe uma folha de {month:02}/{year}.")]
    RunExists { year: i32, month: u32 },
    /// The payroll run does not exist.
    #[error("Folha de pagamento não encontrada.")]
    RunNotFound,
    /// The payroll run is already closed.
    #[error("Esta folha já foi fechada e não pode mais ser alterada.")]
    RunClosed,
    /// The month number is not 1 to 12.
    #[error("Mês inválido: {0}.")]
    InvalidMonth(u32),
    /// No CLT employee is active in the month.
    #[error("Não há empregados CLT ativos em {month:02}/{year}.")]
    NobodyToPay { year: i32, month: u32 },
    /// The person already has a last day of work.
    #[error("Esta pessoa já tem a data de desligamento registrada.")]
    AlreadyTerminated,
    /// The last day of work is before the hire date.
    #[error("O último dia de trabalho não pode ser antes da admissão.")]
    TerminationBeforeHire,
    /// The vacation would end after the person's last day of work.
    #[error("As férias terminariam depois do último dia de trabalho desta pessoa.")]
    VacationAfterTermination,
    /// The vacation was already cancelled.
    #[error("Essas férias já foram canceladas.")]
    VacationAlreadyCancelled,
    /// More than a third of the period sold as abono.
    #[error("O abono pecuniário pode ter no máximo {max} dias (foram pedidos {days}).")]
    AbonoTooLong { days: u32, max: u32 },
    /// The 13º installment number is not 1 or 2.
    #[error("Parcela do 13º inválida: {0}. Use 1 ou 2.")]
    InvalidInstallment(u32),
    /// The 13º installment of the year was already paid.
    #[error("A {installment}ª parcela do 13º de {year} já foi calculada.")]
    ThirteenthExists { year: i32, installment: u32 },
    /// Nobody is owed the 13º installment.
    #[error("Ninguém tem 13º a receber nesta parcela de {0}.")]
    NobodyOwedThirteenth(i32),
    /// Pró-labore is only for partners.
    #[error("Pró-labore só se aplica a sócios; altere o vínculo da pessoa para Sócio.")]
    NotPartner,
    /// Pró-labore for the month already recorded.
    #[error("O pró-labore de {month:02}/{year} desta pessoa já foi lançado.")]
    ProLaboreExists { year: i32, month: u32 },
    /// An amount that must be positive.
    #[error("O valor do pró-labore precisa ser maior que zero.")]
    AmountNotPositive,
    /// The FGTS balance given for the fine is negative.
    #[error("O saldo do FGTS não pode ser negativo.")]
    NegativeFgtsBalance,
    /// The contract was already ended with a TRCT.
    #[error("O contrato desta pessoa já foi encerrado.")]
    ContractEnded,
    /// This device does not hold the staff document (a cashier's, or one not yet given
    /// its key): it neither reads nor writes payroll, salaries or the staff's data.
    #[error(
        "Sem acesso: este aparelho não recebe a folha, os salários nem o cadastro das pessoas da equipe. Quem é dono ou gerente vê e altera esses dados."
    )]
    NoAccess,
    /// The staff document given is not one (or is another team's copy of something else).
    #[error("O arquivo não contém os dados da equipe (folha e cadastro) do Retaguarda.")]
    NotStaffDocument,
}
