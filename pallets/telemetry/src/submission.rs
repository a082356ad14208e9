//! Telemetry batches: the gateway and battery checks, the sealed samples' envelope, sequence and
//! time checks and the off-chain index; the physical ranges and the running summaries the
//! off-chain worker applies once it opened a batch.

use crate::{
	BatchCommitment, BatchRecord, BatchRegimes, BatchStatus, Batches, BatteryTelemetry,
	Characterisation, Characterisations, Config, Error, Event, IndexedBatchOf, Pallet,
	PendingBatches, SealedReadingsOf, SequenceFloors, Telemetry, UsageSummary,
	DEEP_DISCHARGE_MARGIN_MV, OVER_VOLTAGE_MARGIN_MV,
};
use battery_primitives::{
	consortium::{BatteryId, ConsortiumInspect, DataCategory, DeviceKind},
	sealed::{self, SealedBody},
	telemetry::{
		batch_identity, offchain_batch_key, BatteryInfo, OutOfRange, Quantity, Reading,
		SampleEncoding,
	},
};
use codec::Encode;
use frame_support::{
	ensure,
	traits::{Get, UnixTime},
};
use sp_runtime::{traits::Hash, DispatchResult};

/// The physical limits a reading must respect (from the [`Config`] constants).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
	/// Largest absolute current, mA.
	pub max_abs_current_ma: u32,
	/// Largest voltage, mV.
	pub max_voltage_mv: u32,
	/// Lowest temperature, 0.1 °C.
	pub min_temp_decic: i16,
	/// Highest temperature, 0.1 °C.
	pub max_temp_decic: i16,
}

impl Limits {
	/// The limits configured for `T`.
	pub fn of<T: Config>() -> Self {
		Self {
			max_abs_current_ma: T::MaxAbsCurrentMa::get(),
			max_voltage_mv: T::MaxVoltageMv::get(),
			min_temp_decic: T::MinTemperatureDecic::get(),
			max_temp_decic: T::MaxTemperatureDecic::get(),
		}
	}

	/// The quantity of `reading` outside the limits, if any (current first, then voltage, then
	/// temperature).
	pub fn check(&self, reading: &Reading) -> Option<Quantity> {
		if reading.current_ma.unsigned_abs() > self.max_abs_current_ma {
			return Some(Quantity::Current);
		}
		if reading.voltage_mv < 0 || reading.voltage_mv.unsigned_abs() > self.max_voltage_mv {
			return Some(Quantity::Voltage);
		}
		if reading.temp_decic < self.min_temp_decic || reading.temp_decic > self.max_temp_decic {
			return Some(Quantity::Temperature);
		}
		None
	}

	/// The first reading of `readings` outside the limits, if any.
	pub fn first_out_of_range(&self, readings: &[Reading]) -> Option<OutOfRange> {
		readings.iter().enumerate().find_map(|(index, reading)| {
			let quantity = self.check(reading)?;
			Some(OutOfRange { index: u32::try_from(index).unwrap_or(u32::MAX), quantity })
		})
	}
}

/// Add one batch to `summary` (see [`UsageSummary`] for the definitions). `readings` are
/// assumed range-checked; all arithmetic saturates.
pub fn accumulate<AccountId, BlockNumber>(
	summary: &mut UsageSummary,
	characterisation: &Characterisation<AccountId, BlockNumber>,
	period_ms: u32,
	readings: &[Reading],
) {
	let period = u128::from(period_ms);
	let v_min = i64::from(characterisation.config.min_voltage_mv);
	let v_max = i64::from(characterisation.config.max_voltage_mv);
	let deep_threshold = v_min.saturating_sub(DEEP_DISCHARGE_MARGIN_MV);
	let over_threshold = v_max.saturating_add(OVER_VOLTAGE_MARGIN_MV);
	// Batch sums: power in µW (mV × mA), current in mA.
	let (mut power_dis_uw, mut power_chg_uw) = (0u128, 0u128);
	let (mut current_dis_ma, mut current_chg_ma) = (0u128, 0u128);
	let mut outside: u64 = 0;
	if summary.samples == 0 {
		if let Some(first) = readings.first() {
			summary.min_temp_decic = first.temp_decic;
			summary.max_temp_decic = first.temp_decic;
		}
	}
	for reading in readings {
		let current = u128::from(reading.current_ma.unsigned_abs());
		let power = current.saturating_mul(u128::from(reading.voltage_mv.unsigned_abs()));
		if reading.current_ma > 0 {
			power_dis_uw = power_dis_uw.saturating_add(power);
			current_dis_ma = current_dis_ma.saturating_add(current);
		} else {
			power_chg_uw = power_chg_uw.saturating_add(power);
			current_chg_ma = current_chg_ma.saturating_add(current);
		}
		let temp = reading.temp_decic;
		summary.min_temp_decic = summary.min_temp_decic.min(temp);
		summary.max_temp_decic = summary.max_temp_decic.max(temp);
		if temp < characterisation.temp_window_min_decic
			|| temp > characterisation.temp_window_max_decic
		{
			outside = outside.saturating_add(1);
		}
		let voltage = i64::from(reading.voltage_mv);
		if voltage < deep_threshold {
			if !summary.in_deep_discharge {
				summary.deep_discharge_events = summary.deep_discharge_events.saturating_add(1);
				summary.in_deep_discharge = true;
			}
		} else if voltage >= v_min {
			summary.in_deep_discharge = false;
		}
		if voltage > over_threshold {
			if !summary.in_over_voltage {
				summary.over_voltage_events = summary.over_voltage_events.saturating_add(1);
				summary.in_over_voltage = true;
			}
		} else if voltage <= v_max {
			summary.in_over_voltage = false;
		}
	}
	// µW × ms = nJ → mJ; mA × ms → mA·s.
	let to_u64 = |x: u128| u64::try_from(x).unwrap_or(u64::MAX);
	summary.energy_discharged_mj = summary
		.energy_discharged_mj
		.saturating_add(to_u64(power_dis_uw.saturating_mul(period) / 1_000_000));
	summary.energy_charged_mj = summary
		.energy_charged_mj
		.saturating_add(to_u64(power_chg_uw.saturating_mul(period) / 1_000_000));
	summary.charge_discharged_mas = summary
		.charge_discharged_mas
		.saturating_add(to_u64(current_dis_ma.saturating_mul(period) / 1_000));
	summary.charge_charged_mas = summary
		.charge_charged_mas
		.saturating_add(to_u64(current_chg_ma.saturating_mul(period) / 1_000));
	summary.outside_temp_window_ms =
		summary.outside_temp_window_ms.saturating_add(outside.saturating_mul(u64::from(period_ms)));
	summary.efc_micro = efc_micro(
		summary.charge_discharged_mas.saturating_add(summary.charge_charged_mas),
		characterisation.config.rated_capacity_uah,
	);
	summary.batches = summary.batches.saturating_add(1);
	summary.samples = summary.samples.saturating_add(readings.len() as u64);
}

/// Equivalent full cycles in millionths: `throughput / (2 × rated)`, with the throughput in mA·s
/// and the rated capacity in µAh (1 µAh = 3.6 mA·s), i.e. `throughput × 10⁷ / (72 × rated)`.
pub fn efc_micro(throughput_mas: u64, rated_capacity_uah: u64) -> u64 {
	let denominator = u128::from(rated_capacity_uah).saturating_mul(72);
	let efc =
		u128::from(throughput_mas).saturating_mul(10_000_000).checked_div(denominator).unwrap_or(0);
	u64::try_from(efc).unwrap_or(u64::MAX)
}

impl<T: Config> Pallet<T> {
	/// [`Pallet::submit_batch`](crate::Pallet::submit_batch) (samples in `encoding`) or
	/// [`Pallet::submit_compact_batch`](crate::Pallet::submit_compact_batch) by `device`.
	///
	/// Errors, in the order checked: [`Error::NotActiveDevice`], [`Error::NotBmsGateway`],
	/// [`Error::DeviceNotBoundToBattery`], [`Error::BatteryNotInService`],
	/// [`Error::GatewayOwnerNotOperator`], [`Error::EmptyBatch`], [`Error::TooManySamples`],
	/// [`Error::InvalidSamplePeriod`], [`Error::NoCharacterisation`], the envelope errors of
	/// [`Pallet::check_sealed_batch`], [`Error::BatchAlreadySubmitted`],
	/// [`Error::SequenceNotIncreasing`], [`Error::SequenceGapTooLarge`],
	/// [`Error::StartBeforePreviousBatch`], [`Error::InvalidTimeRange`], [`Error::BatchInFuture`],
	/// [`Error::TooManyPendingBatches`].
	pub(crate) fn do_submit_batch(
		device: T::AccountId,
		battery: BatteryId,
		sequence: u64,
		start_ms: u64,
		period_ms: u32,
		samples: u32,
		readings: SealedReadingsOf<T>,
		encoding: SampleEncoding,
	) -> DispatchResult {
		let info = T::Consortium::device(&device).ok_or(Error::<T>::NotActiveDevice)?;
		ensure!(info.kind == DeviceKind::BmsGateway, Error::<T>::NotBmsGateway);
		ensure!(info.subject == battery, Error::<T>::DeviceNotBoundToBattery);
		ensure!(T::Batteries::is_in_service(&battery), Error::<T>::BatteryNotInService);
		// Write authority follows custody: a gateway reports only while its owner runs the
		// battery; when operation moves, the previous operator's gateways stop being accepted.
		ensure!(
			T::Batteries::operator(&battery).as_ref() == Some(&info.owner),
			Error::<T>::GatewayOwnerNotOperator
		);
		ensure!(samples > 0, Error::<T>::EmptyBatch);
		ensure!(samples <= T::MaxSamples::get(), Error::<T>::TooManySamples);
		ensure!(
			period_ms >= T::MinSamplePeriodMs::get() && period_ms <= T::MaxSamplePeriodMs::get(),
			Error::<T>::InvalidSamplePeriod
		);
		ensure!(Characterisations::<T>::contains_key(&battery), Error::<T>::NoCharacterisation);
		Self::check_sealed_batch(&readings, &battery, samples, encoding)?;

		// The batch's identity: its public fields and the commitment to its samples.
		let identity = batch_identity(
			&battery,
			sequence,
			start_ms,
			period_ms,
			samples,
			&readings.commitment,
			encoding,
		);
		let batch_hash = T::Hashing::hash(&identity);
		ensure!(!Batches::<T>::contains_key(batch_hash), Error::<T>::BatchAlreadySubmitted);

		let previous = Telemetry::<T>::get(&battery);
		let floor = SequenceFloors::<T>::get(&battery)
			.or_else(|| previous.as_ref().map(|p| p.last_batch.sequence))
			.unwrap_or(0);
		ensure!(sequence > floor, Error::<T>::SequenceNotIncreasing);
		ensure!(
			sequence.saturating_sub(floor) <= T::MaxSequenceGap::get(),
			Error::<T>::SequenceGapTooLarge
		);
		if let Some(previous) = &previous {
			ensure!(
				start_ms > previous.last_batch.last_sample_ms,
				Error::<T>::StartBeforePreviousBatch
			);
		}
		let last_sample_ms = u64::from(period_ms)
			.checked_mul(u64::from(samples.saturating_sub(1)))
			.and_then(|span| start_ms.checked_add(span))
			.ok_or(Error::<T>::InvalidTimeRange)?;
		let now_ms = u64::try_from(T::UnixTime::now().as_millis()).unwrap_or(u64::MAX);
		ensure!(
			last_sample_ms <= now_ms.saturating_add(T::MaxClockDriftMs::get()),
			Error::<T>::BatchInFuture
		);

		let mut pending = PendingBatches::<T>::get(&battery).unwrap_or_default();
		pending.try_push(batch_hash).map_err(|_| Error::<T>::TooManyPendingBatches)?;

		// The counters move when the batch's result is accepted.
		let (results, disputes) = previous.map_or((0, 0), |p| (p.results, p.disputes));
		let commitment = BatchCommitment {
			hash: batch_hash,
			sequence,
			first_sample_ms: start_ms,
			last_sample_ms,
			period_ms,
			samples,
			device: device.clone(),
			submitted_at: frame_system::Pallet::<T>::block_number(),
		};
		Batches::<T>::insert(
			batch_hash,
			BatchRecord {
				battery: battery.clone(),
				owner: info.owner,
				commitment: commitment.clone(),
				status: BatchStatus::Pending,
			},
		);
		BatchRegimes::<T>::insert(batch_hash, T::Batteries::usage_regime(&battery));
		PendingBatches::<T>::insert(&battery, pending);
		SequenceFloors::<T>::remove(&battery);
		Telemetry::<T>::insert(
			&battery,
			BatteryTelemetry { last_batch: commitment, results, disputes },
		);
		let indexed: IndexedBatchOf<T> = IndexedBatchOf::<T> {
			battery: battery.clone(),
			sequence,
			start_ms,
			period_ms,
			samples,
			readings,
			encoding,
		};
		sp_io::offchain_index::set(&offchain_batch_key(batch_hash.as_ref()), &indexed.encode());

		Self::deposit_event(Event::BatchSubmitted {
			battery,
			device,
			batch_hash,
			sequence,
			samples,
			first_sample_ms: start_ms,
			last_sample_ms,
		});
		Ok(())
	}

	/// Check the sealed samples of a batch of `battery`: sealed for exactly the battery's Usage
	/// scope (a gateway is no reader), inline, and as long as `samples` readings sealed in
	/// `encoding` may be ([`SampleEncoding::sealed_len_bounds`]: exactly
	/// [`sealed_readings_len`](battery_primitives::telemetry::sealed_readings_len) for SCALE, so the count the chain keeps is the count the worker
	/// opens; for the compact encoding no shorter than its width fields and no longer than SCALE,
	/// and the worker rejects a batch whose samples do not decode to that count).
	///
	/// Errors: [`Error::UnknownBattery`], [`Error::EnvelopeMismatch`],
	/// [`Error::MalformedEnvelope`], [`Error::NoRecipients`], [`Error::DuplicateRecipient`],
	/// [`Error::UnexpectedRecipient`], [`Error::MissingRecipient`],
	/// [`Error::SealedLengthMismatch`].
	pub fn check_sealed_batch(
		readings: &SealedReadingsOf<T>,
		battery: &BatteryId,
		samples: u32,
		encoding: SampleEncoding,
	) -> Result<(), Error<T>> {
		let expected = T::Consortium::sealing_keys(battery, DataCategory::Usage, None)
			.ok_or(Error::<T>::UnknownBattery)?;
		sealed::check_new_record(readings, DataCategory::Usage, battery, &expected)
			.map_err(Error::<T>::from)?;
		match &readings.body {
			SealedBody::Inline { ciphertext, .. } => {
				let (shortest, longest) = encoding.sealed_len_bounds(samples);
				ensure!(
					(shortest..=longest).contains(&ciphertext.len()),
					Error::<T>::SealedLengthMismatch
				)
			},
			// The worker must find the samples in the off-chain index.
			SealedBody::OffChain { .. } => return Err(Error::<T>::MalformedEnvelope),
		}
		Ok(())
	}

	/// [`Pallet::reset_sequence`](crate::Pallet::reset_sequence) by `caller` (`None`: the admin
	/// origin).
	///
	/// Errors: [`Error::UnknownBattery`], [`Error::NotBatteryOperator`].
	pub(crate) fn do_reset_sequence(
		caller: Option<T::AccountId>,
		battery: BatteryId,
	) -> DispatchResult {
		ensure!(T::Batteries::exists(&battery), Error::<T>::UnknownBattery);
		if let Some(who) = &caller {
			ensure!(Self::is_battery_operator(who, &battery), Error::<T>::NotBatteryOperator);
		}
		let previous = Telemetry::<T>::get(&battery).map_or(0, |t| t.last_batch.sequence);
		SequenceFloors::<T>::insert(&battery, 0);
		Self::deposit_event(Event::SequenceReset { battery, previous, by: caller });
		Ok(())
	}

	/// Number of `battery`'s pending batches.
	pub(crate) fn pending_count(battery: &BatteryId) -> u32 {
		let len = PendingBatches::<T>::decode_len(battery).unwrap_or(0);
		u32::try_from(len).unwrap_or(u32::MAX)
	}
}

battery_primitives::impl_sealing_errors!(Error);
